// Wait until the eventually consistent full-text indexes hold every committed write.
CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh();
