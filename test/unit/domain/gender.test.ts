import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { GENDERS, GenderSchema, genderName, isGender } from '../../../domain/gender';

describe('gender', () => {
  it('knows M and W, and nothing else', () => {
    assert.deepEqual([...GENDERS], ['M', 'W']);
    assert.ok(isGender('W'));
    assert.ok(!isGender('F'));
    assert.ok(!isGender(null));
  });

  it('has a schema that agrees with isGender', () => {
    for (const v of ['M', 'W', 'F', '', null]) assert.equal(Value.Check(GenderSchema, v), isGender(v));
  });

  it('labels genders in Korean', () => {
    assert.equal(genderName('W'), '여성');
    assert.equal(genderName('M'), '남성');
  });
});
