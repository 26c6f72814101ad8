"""How each indicator is computed in each convention, in words readers use.

Shown on the formulas page, in every demo's no-JavaScript fallback, and under the chart.
"""

CONVENTION_LABELS = {"cn": "国内软件口径", "intl": "国际教科书口径"}

FORMULAS = {
    "cci": {
        "cn": "TYP=(H+L+C)/3;CCI=(TYP−MA(TYP,N))/(0.015×AVEDEV(TYP,N))",
        "intl": "与国内口径相同（Lambert 原始定义，TA-Lib CCI）",
        "reading": "高于 +100 视为强势或超买区，低于 −100 视为弱势或超卖区；穿越 ±100 是常见信号。",
    },
    "bias": {
        "cn": "BIAS=(C−MA(C,N))/MA(C,N)×100",
        "intl": "与国内口径相同",
        "reading": "乖离率过大说明价格离均线太远，常被视为回归均线的提示；阈值随周期和品种而变。",
    },
    "macd": {
        "cn": (
            "DIF=EMA(C,SHORT)−EMA(C,LONG);DEA=EMA(DIF,M);MACD柱=2×(DIF−DEA),EMA 从第一根收盘价起算"
        ),
        "intl": (
            "MACD=EMA(12)−EMA(26);Signal=EMA(MACD,9);"
            "Histogram=MACD−Signal(无 2 倍，TA-Lib 起算方式)"
        ),
        "reading": "DIF 上穿 DEA 为金叉，下穿为死叉；柱体由绿转红表示动能转强。",
    },
    "williams_r": {
        "cn": "WR=(HHV(H,N)−C)/(HHV(H,N)−LLV(L,N))×100，取值 0~100，80 以上为超卖，20 以下为超买",
        "intl": "%R=(HH−C)/(HH−LL)×(−100)，取值 −100~0，−20 以上超买，−80 以下超卖",
        "reading": "两种口径只差一个负号，读图时先看清软件用的是哪一种。",
    },
    "rsi": {
        "cn": "RSI=SMA(MAX(C−REF(C,1),0),N,1)/SMA(ABS(C−REF(C,1)),N,1)×100",
        "intl": "Wilder 平滑：平均涨幅/(平均涨幅+平均跌幅)×100(TA-Lib RSI)",
        "reading": "70 以上常视为超买，30 以下常视为超卖；强趋势中可以长时间停留在极端区。",
    },
    "kdj": {
        "cn": (
            "RSV=(C−LLV(L,N))/(HHV(H,N)−LLV(L,N))×100;K=SMA(RSV,M1,1);"
            "D=SMA(K,M2,1);J=3K−2D(K、D 初值 50)"
        ),
        "intl": "随机指标 Slow %K=MA(Fast %K,M1),%D=MA(%K,M2)(简单平均，TA-Lib STOCH);J=3K−2D",
        "reading": "K 上穿 D 为金叉，下穿为死叉；J 大于 100 或小于 0 表示短线过热或过冷。",
    },
    "boll": {
        "cn": "MID=MA(C,N);UPPER=MID+K×STD(C,N);LOWER=MID−K×STD(C,N),STD 为样本标准差",
        "intl": "与国内相同，但标准差用总体标准差（Bollinger 原始定义，TA-Lib BBANDS）",
        "reading": "价格触及上轨或下轨说明波动到了近期的边缘，不等于一定反转；带宽收窄常预示变盘。",
    },
}
