from .base import Shape
