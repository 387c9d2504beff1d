package fixture

func One() int { return two() }
