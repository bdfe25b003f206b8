package com.playtcha.jakarta.internal.ledger;

import java.util.List;

/** The entries a pass works on: settled ones to deliver, and others due for a post, fewest misses first. */
record PassWork(List<OpenEntry> ready, List<OpenEntry> due) {
}
