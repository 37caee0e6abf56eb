"""Common Chinese surnames with population weights and common given-name characters."""

from __future__ import annotations

import numpy as np

# The 100 most common surnames with approximate holders in 万 (ten thousands), after the
# public-security household register rankings (公安部户政管理研究中心《二〇二〇年全国姓名报告》
# and earlier editions). Weights are rounded; only their relative size matters.
_SURNAME_WEIGHTS = """
王 10150 李 10090 张 9540 刘 7200 陈 6540 杨 4630 黄 3370 赵 2860 吴 2860 周 2730
徐 2020 孙 1930 马 1910 朱 1810 胡 1640 郭 1580 何 1470 林 1390 罗 1380 高 1370
郑 1260 梁 1210 谢 1050 宋 980 唐 950 许 900 韩 890 冯 880 邓 870 曹 810
彭 780 曾 760 肖 750 田 730 董 710 袁 690 潘 680 于 670 蒋 660 蔡 650
余 640 杜 620 叶 600 程 590 苏 580 魏 570 吕 560 丁 550 任 540 沈 530
姚 520 卢 510 姜 500 崔 490 钟 480 谭 470 陆 460 汪 450 范 440 金 430
石 420 廖 410 贾 400 夏 390 韦 380 付 370 方 360 白 350 邹 340 孟 330
熊 320 秦 310 邱 300 江 295 尹 290 薛 285 闫 280 段 275 雷 270 侯 265
龙 260 史 255 陶 250 黎 245 贺 240 顾 235 毛 230 郝 225 龚 220 邵 215
万 210 钱 205 严 200 覃 195 武 190 戴 185 莫 180 孔 175 向 170 汤 165
"""
_PAIRS = _SURNAME_WEIGHTS.split()
SURNAMES: tuple[str, ...] = tuple(_PAIRS[0::2])
SURNAME_SHARES = np.array([float(w) for w in _PAIRS[1::2]])
SURNAME_SHARES /= SURNAME_SHARES.sum()

# Given-name characters common in the generations that hold most certificates (born 1930–1990),
# leaning male and leaning female; about 100 each (duplicates dropped).
_MALE = (
    "建国明华军平伟强林海文忠德福永志春成荣金生刚勇峰斌杰涛辉俊波鹏宇浩超磊鑫龙东新庆兴祥"
    "发贵富宝根水山树清青云良玉民立学江洪亮红光胜利全友义仁才武昌世长保家小中正卫振"
    "彬晨阳飞旭耀庭康宏毅坤凯锋瑞博泽豪铭启森"
)
_FEMALE = (
    "秀英兰芳珍凤桂梅玉华霞红丽萍燕琴娟敏静艳莉芬娥翠花莲菊淑慧婷雪琳娜丹倩颖洁佳欣怡"
    "悦婧璐晶月美春金香彩云爱琼巧惠珠群素银玲蓉菲琪瑶妍露冬梦晓薇萌娇媛莹虹洪平"
    "小秋芝荣仙佩贞婉清雅蕾茜杏岚"
)
MALE_GIVEN: tuple[str, ...] = tuple(dict.fromkeys(_MALE))
FEMALE_GIVEN: tuple[str, ...] = tuple(dict.fromkeys(_FEMALE))
