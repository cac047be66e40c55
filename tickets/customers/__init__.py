"""Customers as support sees them: their page and finding their tickets."""
