"""集群部署 (cluster): what running on several machines needs of the code — production checks
that refuse a start which would misbehave on more than one process (issue 16 §6), and the
database router that sends some reads to a streaming replica with read-your-writes (§7)."""
