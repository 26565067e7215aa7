-- Delivery, continued (issue 5): the commits of a merged pull request, as far as pushes to its head
-- branch told Governor (placeholders as in V1). Change inference counts them once, as the pull
-- request, when a merge commit brings them into the deployed branch; the earliest of them is where
-- the pull request's lead time starts, which is what a squash merge needs.
CREATE TABLE pull_request_commit (
  merge_commit_sha TEXT NOT NULL REFERENCES merged_pull_request (merge_commit_sha) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  sha TEXT NOT NULL,
  PRIMARY KEY (merge_commit_sha, position)
) ${strict};
