package fixture

type Account struct{ cents int64 }

func balance(a *Account) int64 { return a.cents }

func Open(l *Ledger) *Account { return l.first() }
