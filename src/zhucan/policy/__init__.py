"""The policy engine: subsidy rules as data, evaluated over populations and explained."""
