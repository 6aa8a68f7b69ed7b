#!/usr/bin/env node
// The `ciao` command: runs the TypeScript CLI through tsx so there is no build step between edit and use.
'use strict';
require('tsx/cjs');
require('../cli/main.ts');
