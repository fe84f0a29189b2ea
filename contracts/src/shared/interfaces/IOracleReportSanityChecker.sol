// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IOracleReportSanityChecker
/// @notice Rejects implausible oracle reports before they touch the rate.
interface IOracleReportSanityChecker {
    /// @notice All limits in basis points unless named otherwise.
    struct Limits {
        /// @notice Beacon balance may grow at most this much per year (e.g. 1000 = 10% APR).
        uint16 annualBalanceIncreaseBps;
        /// @notice The pool's rate may rise at most this much in one report, in parts per billion
        ///         (Lido's mainnet value 750_000 is 0.075%); the pool defers the excess.
        uint32 maxPositiveRebasePpb;
        /// @notice Beacon balance may fall at most this much in one report (slashing bound).
        uint16 maxBalanceDecreaseBps;
        /// @notice At most this many validators may appear in one report.
        uint32 maxAppearedValidatorsPerReport;
        /// @notice At most this many validators may exit in one report.
        uint32 maxExitedValidatorsPerReport;
    }

    /// @notice Everything a check needs, computed by TrETH from its state and the report.
    struct ReportCheck {
        /// @notice Beacon time the report covers: refSlots since the last report x seconds per slot.
        uint256 timeElapsed;
        uint256 preBeaconBalance;
        uint256 postBeaconBalance;
        uint256 withdrawalVaultBalance;
        uint256 preTotalPooledEther;
        uint256 postTotalPooledEther;
        uint256 preBeaconValidators;
        uint256 postBeaconValidators;
        uint256 depositedValidators;
        uint256 preExitedValidators;
        uint256 postExitedValidators;
    }

    event LimitsSet(Limits limits);

    error SanityChecker_BeaconValidatorsDecreased(uint256 pre, uint256 post);
    error SanityChecker_MoreValidatorsThanDeposited(uint256 reported, uint256 deposited);
    error SanityChecker_TooManyAppearedValidators(uint256 appeared, uint256 limit);
    error SanityChecker_ExitedValidatorsDecreased(uint256 pre, uint256 post);
    error SanityChecker_TooManyExitedValidators(uint256 exited, uint256 limit);
    error SanityChecker_ExitedExceedsAppeared(uint256 exited, uint256 appeared);
    error SanityChecker_AnnualIncreaseTooHigh(uint256 increase, uint256 limit);
    error SanityChecker_PositiveRebaseTooHigh(uint256 increase, uint256 limit);
    error SanityChecker_BalanceDecreaseTooHigh(uint256 decrease, uint256 limit);
    /// @notice A limit in basis points above 10_000, a zero rebase or validator limit.
    error SanityChecker_InvalidLimits();

    /// @notice Reverts with the first limit the report breaks; returns how much of the withdrawal
    ///         vault the pool may count now: all of it, unless beacon plus vault would grow faster
    ///         than the annual bound, in which case the rest waits in the vault for later reports
    ///         (a donation to the vault can neither refuse a report nor jump the rate).
    function checkReport(ReportCheck calldata check) external view returns (uint256 withdrawalVaultToCount);

    function limits() external view returns (Limits memory);
}
