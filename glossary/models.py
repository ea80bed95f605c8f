"""Glossary terms and their mentions in columns."""
