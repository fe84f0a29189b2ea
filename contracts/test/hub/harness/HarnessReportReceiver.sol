// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IOracleReportReceiver} from "../../../src/shared/interfaces/IOracleReportReceiver.sol";
import {IOracleReportSanityChecker} from "../../../src/shared/interfaces/IOracleReportSanityChecker.sol";
import {ITributaryOracle} from "../../../src/shared/interfaces/ITributaryOracle.sol";
import {OracleReport} from "../../../src/shared/types/OracleReport.sol";

/// @dev Stands in for TrETH on the oracle's side: records applied reports; can be told to revert,
///      to run a sanity check (as the pool will), or to re-enter the oracle.
contract HarnessReportReceiver is IOracleReportReceiver {
    error HarnessReceiver_Rejected();

    address public oracle;
    bool public shouldRevert;
    bool public reenter;
    bytes public reentryError;
    IOracleReportSanityChecker public checker;
    IOracleReportSanityChecker.ReportCheck internal _check;

    uint256 public reportCount;
    OracleReport internal _last;

    function setOracle(address oracle_) external {
        oracle = oracle_;
    }

    function setShouldRevert(bool value) external {
        shouldRevert = value;
    }

    function setReenter(bool value) external {
        reenter = value;
    }

    function setCheck(IOracleReportSanityChecker checker_, IOracleReportSanityChecker.ReportCheck calldata check)
        external
    {
        checker = checker_;
        _check = check;
    }

    function handleOracleReport(OracleReport calldata report) external {
        require(msg.sender == oracle, "harness: not oracle");
        if (shouldRevert) revert HarnessReceiver_Rejected();
        if (address(checker) != address(0)) checker.checkReport(_check);
        if (reenter) {
            try ITributaryOracle(oracle).submitReport(report) {} catch (bytes memory err) {
                reentryError = err;
            }
        }
        ++reportCount;
        _last = report;
    }

    function lastReport() external view returns (OracleReport memory) {
        return _last;
    }
}
