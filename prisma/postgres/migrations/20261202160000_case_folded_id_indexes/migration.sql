-- Ids are unique ignoring case (docs/importing.md): an import of managers or customers looks up
-- the stored ids that differ only in ASCII case from the file's. SQLite answers it with an index on
-- `id COLLATE NOCASE` created on first use; here the same folding is `translate` (ASCII letters
-- only, as NOCASE folds), and the import's queries use exactly this expression.
-- Written by hand: the Prisma schema cannot express an index on an expression.
CREATE INDEX "Customer_id_fold_idx" ON "Customer" (translate("id", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'));
CREATE INDEX "Manager_id_fold_idx" ON "Manager" (translate("id", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'));
