// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IOracleReportSanityChecker} from "../../../src/shared/interfaces/IOracleReportSanityChecker.sol";

/// @dev Stand-in for the real sanity checker: the same checks, limits set by the test. A limit at
///      its type's maximum is off, so `HubFixture._permissive()` accepts anything structurally valid.
contract SanityCheckerHarness is IOracleReportSanityChecker {
    Limits private _limits;

    constructor(Limits memory limits_) {
        _limits = limits_;
    }

    function setLimits(Limits memory limits_) external {
        _limits = limits_;
        emit LimitsSet(limits_);
    }

    function limits() external view returns (Limits memory) {
        return _limits;
    }

    function checkReport(ReportCheck calldata c) external view {
        Limits memory l = _limits;
        if (c.postBeaconValidators < c.preBeaconValidators) {
            revert SanityChecker_BeaconValidatorsDecreased(c.preBeaconValidators, c.postBeaconValidators);
        }
        if (c.postBeaconValidators > c.depositedValidators) {
            revert SanityChecker_MoreValidatorsThanDeposited(c.postBeaconValidators, c.depositedValidators);
        }
        uint256 appeared = c.postBeaconValidators - c.preBeaconValidators;
        if (appeared > l.maxAppearedValidatorsPerReport) {
            revert SanityChecker_TooManyAppearedValidators(appeared, l.maxAppearedValidatorsPerReport);
        }
        if (c.postExitedValidators < c.preExitedValidators) {
            revert SanityChecker_ExitedValidatorsDecreased(c.preExitedValidators, c.postExitedValidators);
        }
        uint256 exited = c.postExitedValidators - c.preExitedValidators;
        if (exited > l.maxExitedValidatorsPerReport) {
            revert SanityChecker_TooManyExitedValidators(exited, l.maxExitedValidatorsPerReport);
        }
        if (c.postExitedValidators > c.postBeaconValidators) {
            revert SanityChecker_ExitedExceedsAppeared(c.postExitedValidators, c.postBeaconValidators);
        }
        if (c.postTotalPooledEther > c.preTotalPooledEther) {
            uint256 rise = c.postTotalPooledEther - c.preTotalPooledEther;
            uint256 ppb = rise * 1e9 / c.preTotalPooledEther;
            if (l.maxPositiveRebasePpb != type(uint32).max && ppb > l.maxPositiveRebasePpb) revert SanityChecker_PositiveRebaseTooHigh(ppb, l.maxPositiveRebasePpb);
            uint256 elapsed = c.timeElapsed == 0 ? 1 : c.timeElapsed;
            uint256 annualBps = rise * 365 days * 10_000 / (c.preTotalPooledEther * elapsed);
            if (l.annualBalanceIncreaseBps != type(uint16).max && annualBps > l.annualBalanceIncreaseBps) {
                revert SanityChecker_AnnualIncreaseTooHigh(annualBps, l.annualBalanceIncreaseBps);
            }
        } else if (c.preTotalPooledEther > 0) {
            uint256 dropBps = (c.preTotalPooledEther - c.postTotalPooledEther) * 10_000 / c.preTotalPooledEther;
            if (l.maxBalanceDecreaseBps != type(uint16).max && dropBps > l.maxBalanceDecreaseBps) revert SanityChecker_BalanceDecreaseTooHigh(dropBps, l.maxBalanceDecreaseBps);
        }
    }
}
