import { DataTypes, Model, Op, Sequelize, type CreationOptional, type InferAttributes, type InferCreationAttributes } from 'sequelize';

const sequelize = new Sequelize(process.env.DATABASE_URL ?? 'postgres://localhost/shop');

class Product extends Model<InferAttributes<Product>, InferCreationAttributes<Product>> {
  declare id: CreationOptional<number>;
  declare sku: string;
  declare stock: number;
}

class CartItem extends Model<InferAttributes<CartItem>, InferCreationAttributes<CartItem>> {
  declare id: CreationOptional<number>;
  declare cartId: string;
  declare productId: number;
  declare quantity: number;
}

class Cart extends Model<InferAttributes<Cart>, InferCreationAttributes<Cart>> {
  declare id: CreationOptional<number>;
  declare ownerId: string;

  // The project's own static method, its return type inferred: a scope of this class.
  static ownedBy(ownerId: string) {
    return this.scope({ method: ['ownedBy', ownerId] });
  }
}

Product.init(
  { id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true }, sku: DataTypes.STRING, stock: DataTypes.INTEGER },
  { sequelize, tableName: 'products' },
);
CartItem.init(
  {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    cartId: DataTypes.STRING,
    productId: DataTypes.INTEGER,
    quantity: DataTypes.INTEGER,
  },
  { sequelize, tableName: 'cart_items' },
);

Cart.init({ id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true }, ownerId: DataTypes.STRING }, { sequelize, tableName: 'carts' });

// findAll per owner on the scope a project static method returns: flagged
export async function cartSizesOfOwners(ownerIds: string[]): Promise<number[]> {
  const sizes: number[] = [];
  for (const ownerId of ownerIds) {
    const carts = await Cart.ownedBy(ownerId).findAll(); // expect: n-plus-one
    sizes.push(carts.map((cart) => cart.id).length);
  }
  return sizes;
}

// Model.findByPk per cart item: flagged
export async function productsInCart(items: CartItem[]): Promise<Array<Product | null>> {
  const products: Array<Product | null> = [];
  for (const item of items) {
    products.push(await Product.findByPk(item.productId)); // expect: n-plus-one
  }
  return products;
}

// static Model.decrement per item, through a variable derived from it, inside Promise.all(map): flagged
export async function reserveStock(items: CartItem[]): Promise<void> {
  await Promise.all(
    items.map(async (item) => {
      const productId = item.productId;
      await Product.decrement('stock', { by: item.quantity, where: { id: productId } }); // expect: n-plus-one
    }),
  );
}

// instance reload() where the receiver is the loop element: flagged
export async function refreshProducts(products: Product[]): Promise<void> {
  for (const product of products) {
    await product.reload(); // expect: n-plus-one
  }
}

// Model.findAll per cart id: flagged
export async function itemsPerCart(cartIds: string[]): Promise<CartItem[][]> {
  const carts: CartItem[][] = [];
  for (const cartId of cartIds) {
    carts.push(await CartItem.findAll({ where: { cartId } })); // expect: n-plus-one
  }
  return carts;
}

// one findAll with Op.in, then Map lookups per item: silent
export async function cartValue(items: CartItem[], priceBySku: Map<string, number>): Promise<number> {
  const products = await Product.findAll({ where: { id: { [Op.in]: items.map((item) => item.productId) } } });
  const skuById = new Map(products.map((product) => [product.id, product.sku]));
  return items.reduce((sum, item) => sum + (priceBySku.get(skuById.get(item.productId) ?? '') ?? 0) * item.quantity, 0);
}

// instance get({ plain: true }) reads loaded attributes without a query: silent
export function toPlainProducts(products: Product[]): Array<InferAttributes<Product>> {
  return products.map((product) => product.get({ plain: true }));
}

// offset pagination with limit/offset until a short page: silent
export async function lowStockSkus(): Promise<string[]> {
  const limit = 250;
  const skus: string[] = [];
  for (let offset = 0; ; offset += limit) {
    const page = await Product.findAll({ where: { stock: { [Op.lt]: 5 } }, limit, offset, order: [['id', 'ASC']] });
    skus.push(...page.map((product) => product.sku));
    if (page.length < limit) break;
  }
  return skus;
}

// loop over a short literal array of categories: silent
export async function stockByCategoryPrefix(): Promise<number[]> {
  const counts: number[] = [];
  for (const prefix of ['BOOK-', 'TOY-']) {
    counts.push(await Product.count({ where: { sku: { [Op.startsWith]: prefix } } }));
  }
  return counts;
}

class Shipment extends Model<InferAttributes<Shipment>, InferCreationAttributes<Shipment>> {
  declare id: CreationOptional<number>;
  declare status: string;

  async markShipped(): Promise<void> {
    await this.update({ status: 'shipped' });
  }
}
Shipment.init({ id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true }, status: DataTypes.STRING }, { sequelize, tableName: 'shipments' });

// The model's own method per row of a destructured Promise.all: flagged
export async function shipAll(ids: number[]): Promise<number> {
  const [shipments, total] = await Promise.all([Shipment.findAll({ where: { id: ids } }), Shipment.count()]);
  await Promise.all(shipments.map((shipment) => shipment.markShipped())); // expect: n-plus-one
  return total;
}
