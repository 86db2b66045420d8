import { AfterCreate, Table } from 'sequelize-typescript';
import BaseModel from './base';

@Table({ tableName: 'notifications' })
export default class Notification extends BaseModel {
  /** A per-row hook: creating rows one by one runs it on purpose. */
  @AfterCreate
  static deliver(notification: Notification) {
    return notification;
  }
}
