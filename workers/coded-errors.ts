/**
 * Turns the project's coded errors into Temporal failures that keep the code: an activity that throws
 * `EcoPointError('ImgNotToday', …)` fails with `ApplicationFailure` type `ImgNotToday`, non-retryable when the
 * code is in NON_RETRYABLE_CODES, with the error's details attached. Activities stay plain functions.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { NON_RETRYABLE_CODES, isCiaoError } from '../domain/errors';

/** Activity interceptor factory to pass to `Worker.create({ interceptors: { activity: [...] } })`. */
export const codedErrorsInterceptor: ActivityInterceptorsFactory = () => ({
  inbound: {
    async execute(input, next) {
      try {
        return await next(input);
      } catch (err) {
        if (isCiaoError(err)) {
          throw ApplicationFailure.create({ message: err.message, type: err.code, nonRetryable: NON_RETRYABLE_CODES.has(err.code), details: [err.details], cause: err });
        }
        throw err;
      }
    },
  },
});
