// The api cloud function: every interactive call of the mini program, routed by action name.
import cloud from 'wx-server-sdk';
import { apiActions } from '../../../server/actions';
import { createRouter } from '../../../server/core/router';

// DYNAMIC_CURRENT_ENV is a symbol; the SDK's types only admit a string.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

export const main = createRouter(apiActions, cloud);
