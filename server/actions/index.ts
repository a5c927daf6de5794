import { ActionName, Outputs, schemas } from '../../typings/api';
import { ActionDef } from '../core/router';
import { registerActions } from '../demo/registry';
import { partyActionTable } from './parties';
import { customerActions } from './customers';
import { productActions } from './products';
import { auditActions } from './audit';
import { countActions } from './counts';
import { purchasingActions } from './purchasing';
import { replenishmentActions } from './replenishment';
import { reportActions } from './reports';
import { salesActions } from './sales';
import { shopActions } from './shops';
import { stockActions } from './stock';
import { systemActions } from './system';
import { transferActions } from './transfers';

/** Every action of the contract, each typed by its schema and output: a missing one fails tsc. */
export const apiActions: { [A in ActionName]: ActionDef<(typeof schemas)[A], Outputs[A]> } = {
  ...systemActions,
  ...shopActions,
  ...productActions,
  ...partyActionTable,
  ...stockActions,
  ...replenishmentActions,
  ...purchasingActions,
  ...transferActions,
  ...countActions,
  ...salesActions,
  ...auditActions,
  ...customerActions,
  ...reportActions,
};

registerActions(apiActions);
