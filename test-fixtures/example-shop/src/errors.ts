export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';

  constructor(what: string, id: string | number) {
    super(`${what} ${id} not found`);
  }
}

export class OutOfStockError extends Error {
  override readonly name = 'OutOfStockError';

  constructor(readonly productId: number) {
    super(`product ${productId} is out of stock`);
  }
}
