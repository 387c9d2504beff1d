package openaift

// Deleted is the server's answer to a delete.
type Deleted struct {
	ID      string
	Deleted bool
}
