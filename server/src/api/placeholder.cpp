// placeholder until the api layer lands
