// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {OracleReport} from "../types/OracleReport.sol";

/// @notice What the oracle committee applies an agreed report to (the hub pool).
interface IOracleReportReceiver {
    /// @notice Applies a report the committee agreed on. Callable only by the oracle.
    function handleOracleReport(OracleReport calldata report) external;
}
