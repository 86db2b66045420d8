import { Model } from 'mongoose';
import { Repository } from 'typeorm';
import { Injectable, InjectModel, InjectRepository } from '@/nest';

export class Cat {
  name!: string;
  ownerId!: string;
}

export class Owner {
  id!: string;
}

@Injectable()
export class CatsService {
  constructor(
    @InjectModel('Cat') private readonly cats: Model<Cat>,
    @InjectRepository(Owner) private readonly owners: Repository<Owner>,
  ) {}

  // One Mongoose query per owner.
  async catsOf(ownerIds: string[]) {
    const result = [];
    for (const ownerId of ownerIds) {
      result.push(await this.cats.find({ ownerId })); // expect: n-plus-one
    }
    return result;
  }

  // One TypeORM query per cat.
  async ownersOf(cats: Cat[]) {
    const owners = [];
    for (const cat of cats) {
      owners.push(await this.owners.findOneBy({ id: cat.ownerId })); // expect: n-plus-one
    }
    return owners;
  }
}
