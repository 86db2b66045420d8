'use strict';

module.exports = {
  async up({ context: queryInterface }) {
    await queryInterface.createTable('memberships', {
      id: { type: 'INTEGER', primaryKey: true, autoIncrement: true },
      user_id: { type: 'UUID', allowNull: false },
      team_id: { type: 'UUID', allowNull: false },
      role: 'VARCHAR(20)',
    }, { uniqueKeys: { memberships_user_team: { fields: ['user_id', 'team_id'] } } });
  },
  async down() {},
};
