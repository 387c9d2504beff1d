package fixture

// Uses the others, used by none: no circle.
func Downward() int { return One() + int(Open(&Ledger{}).cents) }
