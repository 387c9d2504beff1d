package openaift

// CClientsMade is how many C clients c has made (its pool's size so far).
func CClientsMade(c *Client) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.made
}
