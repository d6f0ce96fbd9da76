// placeholder until the db layer lands
