// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IOracleReportSanityChecker} from "../../../src/shared/interfaces/IOracleReportSanityChecker.sol";

/// @dev A checker that accepts every report: shows the pool's own guards, and stands in for the
///      checker an attacker plugs into a pool it administers.
contract AcceptAllChecker {
    function checkReport(IOracleReportSanityChecker.ReportCheck calldata c) external pure returns (uint256) {
        return c.withdrawalVaultBalance;
    }

    /// @dev No limit of its own on the rate's rise either: only the pool's exit fee bounds it.
    function limits() external pure returns (IOracleReportSanityChecker.Limits memory) {
        return IOracleReportSanityChecker.Limits(10_000, 1e9, 10_000, type(uint32).max, type(uint32).max);
    }
}
