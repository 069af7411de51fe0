-- V15__reindex.sql
REINDEX INDEX ledger.postings_entry_id_idx;
REINDEX TABLE CONCURRENTLY ledger.accounts;
