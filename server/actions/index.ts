import type { z } from 'zod';
import { ActionName, Outputs, schemas } from '../../typings/api';
import { ActionDef } from '../core/router';
import { systemActions } from './system';

/** Every action of the contract, each typed by its schema and output: a missing one fails tsc. */
export const apiActions: { [A in ActionName]: ActionDef<(typeof schemas)[A], Outputs[A]> } = {
  ...systemActions,
};

export type { z };
