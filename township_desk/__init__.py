"""乡镇党建工作台 (Township Desk): records of a township Party office, offline."""

__version__ = "0.1.0"
APP_NAME = "乡镇党建工作台"
APP_ID = "TownshipDesk"
