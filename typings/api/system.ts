import { z } from 'zod';

export const systemSchemas = {
  'system.ping': z.object({}),
  'system.setup': z.object({}),
};

export interface SystemOutputs {
  'system.ping': { pong: true; openid: string; serverTime: string };
  'system.setup': { created: string[]; backfilledProducts: number };
}
