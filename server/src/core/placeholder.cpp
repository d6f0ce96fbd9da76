// placeholder until core sources land
