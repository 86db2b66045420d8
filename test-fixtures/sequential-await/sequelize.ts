import {
  DataTypes,
  Model,
  Sequelize,
  Transaction,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
} from 'sequelize';

const sequelize = new Sequelize('postgres://localhost/app');

class User extends Model<InferAttributes<User>, InferCreationAttributes<User>> {
  declare id: CreationOptional<number>;
  declare email: string;
  declare plan: string;
}

class Order extends Model<InferAttributes<Order>, InferCreationAttributes<Order>> {
  declare id: CreationOptional<number>;
  declare userId: number;
  declare status: string;
  declare total: number;
}

User.init(
  {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    email: { type: DataTypes.STRING, allowNull: false },
    plan: { type: DataTypes.STRING, allowNull: false },
  },
  { sequelize, tableName: 'users' },
);

Order.init(
  {
    id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
    userId: { type: DataTypes.INTEGER, allowNull: false },
    status: { type: DataTypes.STRING, allowNull: false },
    total: { type: DataTypes.INTEGER, allowNull: false },
  },
  { sequelize, tableName: 'orders' },
);

class NotFoundError extends Error {}

// two independent Sequelize reads: flagged
export async function getDashboard(userId: number) {
  const user = await User.findByPk(userId);
  const orders = await Order.findAll({ where: { userId }, limit: 20 }); // expect: sequential-await
  return { user, orders };
}

// count and findOne with type annotations: flagged
export async function getPlanSummary(plan: string) {
  const subscribers: number = await User.count({ where: { plan } });
  const biggest: Order | null = await Order.findOne({ where: { status: 'paid' }, order: [['total', 'DESC']] }); // expect: sequential-await
  return { subscribers, biggest };
}

// second read needs the user's id: silent
export async function getOrdersByEmail(email: string) {
  const user = await User.findOne({ where: { email } });
  const orders = await Order.findAll({ where: { userId: user?.id ?? -1 } });
  return orders;
}

// a guard on the first result sits between the reads: silent
export async function getPaidOrders(userId: number) {
  const user = await User.findByPk(userId);
  if (!user) throw new NotFoundError('user');
  const paid = await Order.findAll({ where: { status: 'paid' } });
  return { user, paid };
}

// first await is a write (create): silent
export async function signUp(email: string) {
  const user = await User.create({ email, plan: 'free' });
  const freeCount = await User.count({ where: { plan: 'free' } });
  return { user, freeCount };
}

// a write (static update) between two reads: silent
export async function expireOrders(userId: number) {
  const user = await User.findByPk(userId);
  await Order.update({ status: 'expired' }, { where: { status: 'pending' } });
  const open = await Order.findAll({ where: { status: 'open' } });
  return { user, open };
}

// independent reads inside sequelize.transaction: silent
export async function snapshot(userId: number) {
  return sequelize.transaction(async (t) => {
    const user = await User.findByPk(userId, { transaction: t });
    const orders = await Order.findAll({ where: { userId }, transaction: t });
    return { user, orders };
  });
}

// reads handed the same transaction in their options run on its one connection: silent
export async function lockAndRead(userId: number, transaction: Transaction) {
  const user = await User.findByPk(userId, { transaction, lock: transaction.LOCK.UPDATE });
  const orders = await Order.findAll({ where: { userId }, transaction });
  return { user, orders };
}

// the same, through helpers handed the transaction: silent
async function userOf(userId: number, transaction: Transaction) {
  return User.findByPk(userId, { transaction });
}
async function ordersOf(userId: number, transaction: Transaction) {
  return Order.findAll({ where: { userId }, transaction });
}
export async function lockAndReadThroughHelpers(userId: number, transaction: Transaction) {
  const user = await userOf(userId, transaction);
  const orders = await ordersOf(userId, transaction);
  return { user, orders };
}

// a read that rejects when nothing matches guards the reads after it: silent
export async function requireUser(userId: number) {
  const user = await User.findByPk(userId, { rejectOnEmpty: true });
  const orders = await Order.findAll({ where: { status: 'paid' } });
  return { user, orders };
}

function authorize(user: User | null, action: string): asserts user is User {
  if (!user || user.plan === 'banned') throw new NotFoundError(action);
}

// a policy check on the first result between the reads: silent
export async function readOrders(userId: number) {
  const user = await User.findByPk(userId);
  authorize(user, 'read');
  const orders = await Order.findAll({ where: { status: 'paid' } });
  return { user, orders };
}

// a helper that throws when the row is missing guards what follows: silent
async function findUserOrThrow(userId: number) {
  const user = await User.findByPk(userId);
  if (!user) throw new NotFoundError('user');
  return user;
}
export async function profile(userId: number) {
  const user = await findUserOrThrow(userId);
  const orders = await Order.findAll({ where: { status: 'paid' } });
  return { user, orders };
}

async function inBatches(each: (users: User[]) => Promise<void>) {
  for (let offset = 0; ; offset += 100) {
    const users = await User.findAll({ limit: 100, offset });
    if (users.length === 0) return;
    await each(users);
  }
}

// a read handed a callback that writes is a write: silent
export async function purge(userId: number) {
  await inBatches(async (users) => {
    await Order.destroy({ where: { userId: users.map((user) => user.id) } });
  });
  const remaining = await User.count();
  return { userId, remaining };
}

async function migrate(): Promise<void> {
  await sequelize.sync();
}

// something awaited between the reads that is not a known read (a migration, a lock) may change what the second reads: silent
export async function afterMigrations(userId: number) {
  const user = await User.findByPk(userId);
  await migrate();
  const orders = await Order.findAll({ where: { status: 'paid' } });
  return { user, orders };
}
