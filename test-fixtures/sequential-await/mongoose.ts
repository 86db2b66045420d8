import { Schema, Types, model } from 'mongoose';

interface IUser { email: string; plan: string; teamId?: Types.ObjectId }
interface IOrder { customerId: Types.ObjectId; status: string; total: number }

const User = model<IUser>('User', new Schema<IUser>({ email: { type: String, required: true }, plan: String, teamId: Schema.Types.ObjectId }));
const Order = model<IOrder>('Order', new Schema<IOrder>({ customerId: Schema.Types.ObjectId, status: String, total: Number }));

class NotFoundError extends Error {}

// two independent Mongoose queries: flagged
export async function getDashboard(userId: string) {
  const user = await User.findById(userId).lean();
  const orders = await Order.find({ customerId: new Types.ObjectId(userId) }).limit(20).lean(); // expect: sequential-await
  return { user, orders };
}

// countDocuments and an exec()'d findOne: flagged
export async function getPlanSummary(plan: string) {
  const subscribers = await User.countDocuments({ plan });
  const biggest = await Order.findOne({ status: 'paid' }).sort({ total: -1 }).exec(); // expect: sequential-await
  return { subscribers, biggest };
}

// three independent queries in a row: one finding, on the second
export async function getAdminPage() {
  const latestUsers = await User.find().sort({ _id: -1 }).limit(10).lean();
  const pending = await Order.countDocuments({ status: 'pending' }); // expect: sequential-await
  const plans = await User.distinct('plan');
  return { latestUsers, pending, plans };
}

// second query needs the user's _id: silent
export async function getOrdersByEmail(email: string) {
  const user = await User.findOne({ email }).lean();
  const orders = await Order.find({ customerId: user?._id }).lean();
  return orders;
}

// a guard on the first result sits between the queries: silent
export async function getPaidOrders(userId: string) {
  const user = await User.findById(userId).lean();
  if (!user) throw new NotFoundError('user');
  const paid = await Order.find({ status: 'paid' }).lean();
  return { user, paid };
}

// first await is a write (create): silent
export async function signUp(email: string) {
  const created = await User.create({ email, plan: 'free' });
  const freeCount = await User.countDocuments({ plan: 'free' });
  return { created, freeCount };
}

// a write (updateMany) between two reads: silent
export async function expireOrders(userId: string) {
  const user = await User.findById(userId).lean();
  await Order.updateMany({ status: 'pending' }, { $set: { status: 'expired' } });
  const open = await Order.find({ status: 'open' }).lean();
  return { user, open };
}
