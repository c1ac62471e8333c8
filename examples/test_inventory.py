"""Tests for the inventory module, the way a team writes them."""
import unittest
from unittest import mock

import inventory


class ExportTest(unittest.TestCase):
    @mock.patch("inventory.open", create=True)
    def test_export_writes_the_skus(self, fake_open):
        store = inventory.Inventory()
        store.add(inventory.Item("apple", 3))
        inventory.export(store, "out.json")
        fake_open.assert_called_once_with("out.json", "w")

    def test_restore_is_patched_in_place(self):
        original = inventory.restore
        inventory.restore = lambda blob: blob
        try:
            self.assertEqual(inventory.restore(b"x"), b"x")
        finally:
            inventory.restore = original


if __name__ == "__main__":
    unittest.main()
