"""Relations between actors: dyad series, rift and rapprochement alerts, the signed network."""
