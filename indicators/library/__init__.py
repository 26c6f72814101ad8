"""One module per indicator; ``registry`` collects them.

Each indicator module (``cci``, ``bias``, ``macd``, ``williams_r``, ``rsi``, ``kdj``,
``boll``) holds its formula in both conventions, its parameters and their bounds, its
signal rules, guide levels, line colours, signal labels and its explanation, in one
``SPEC``. Nothing here imports Django.
"""
