"""Domain rules as plain functions: quorum, numbering, deadlines. No database, no Qt."""
