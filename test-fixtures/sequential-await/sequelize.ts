import {
  DataTypes,
  Model,
  Sequelize,
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
