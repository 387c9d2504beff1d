package fixture

func two() int { return three() }
