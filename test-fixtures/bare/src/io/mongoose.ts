import mongoose from 'mongoose';

const Cat = mongoose.model('Cat', new mongoose.Schema({ name: String }));

export async function load(id: string) {
  const cat = await Cat.findById(id); // io: Mongoose read
  await cat?.save(); // io: Mongoose write
  await Cat.deleteOne({ _id: id }); // io: Mongoose write
}
