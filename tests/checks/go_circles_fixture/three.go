package fixture

func three() int { return len(tag) + One() }

const tag = "three"
