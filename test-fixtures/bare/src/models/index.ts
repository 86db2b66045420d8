// The project's barrel: models are imported from here, never from their files.
export { default as Notification } from './notification';
export { default as User } from './user';
