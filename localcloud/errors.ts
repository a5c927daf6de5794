// Errors answered the way the cloud answers them: HTTP 200 with { code, message }.
export class CloudError extends Error {
  constructor(public code: string, message: string) {
    super(message);
  }
}

export const Errors = {
  collectionNotExist: (name: string) =>
    new CloudError('DATABASE_COLLECTION_NOT_EXIST', `[ResourceNotFound] Db or Table not exist: ${name}. 集合不存在，请先创建集合`),
  collectionExists: (name: string) =>
    new CloudError('DATABASE_COLLECTION_ALREADY_EXIST', `[ResourceInUse] Table exist: ${name}`),
  invalidParam: (message: string) => new CloudError('INVALID_PARAM', message),
  requestFailed: (message: string) => new CloudError('DATABASE_REQUEST_FAILED', message),
  duplicateKey: (coll: string, id: string) =>
    new CloudError('DATABASE_REQUEST_FAILED', `[FailedOperation] E11000 duplicate key error collection: ${coll} dup key: { _id: "${id}" }`),
  conflict: (detail: string) =>
    new CloudError('DATABASE_TRANSACTION_CONFLICT', `[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others: ${detail}`),
  transactionNotExist: (id: string) =>
    new CloudError('DATABASE_TRANSACTION_FAIL', `[ResourceNotFound.TransactionNotExist] transaction not exist or expired: ${id}`),
  notInTransaction: (what: string) =>
    new CloudError(
      'DATABASE_REQUEST_FAILED',
      `[InvalidParameter.UnsupportedInTransaction] ${what} is not supported in a transaction: transactions take only doc(id).get/set/update/remove and collection.add`,
    ),
};

/** A request localcloud cannot read at all (not JSON, bad multipart): HTTP 400, nothing done. */
export class BadRequest extends Error {
  constructor(public code: string, message: string) {
    super(message);
  }
}
