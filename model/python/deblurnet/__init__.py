"""deblurnet: training, evaluation and TorchScript export of the Deblur Gateway networks."""

__version__ = "0.1.0"
