-- Placeholder so that the branch "remind" (migration 0010) keeps the
-- versions contiguous on its own. DELETE THIS FILE when merging a branch
-- that brings the real 0009.
SELECT 1;
