"""The declarative workbook template (tracker.toml) and the Start Here guide."""
