"""Contracts (合同), their payment plans (回款计划), received payments (回款) and invoices (发票)."""
