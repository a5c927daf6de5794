// The contract of the api cloud function: one zod schema per action (validated at the edge by
// the router) and one output type per action. The mini program imports only the types.
import type { z } from 'zod';
import { SystemOutputs, systemSchemas } from './api/system';

export const schemas = {
  ...systemSchemas,
};

export type Outputs = SystemOutputs;

export type ActionName = keyof typeof schemas & keyof Outputs;
export type ActionInput<A extends ActionName> = z.input<(typeof schemas)[A]>;
export type ActionOutput<A extends ActionName> = Outputs[A];
