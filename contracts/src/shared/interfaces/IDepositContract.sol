// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IDepositContract
/// @notice The Ethereum beacon chain deposit contract's interface (as deployed on mainnet).
interface IDepositContract {
    /// @notice Emitted for every deposit; little-endian amount and index, as on mainnet.
    event DepositEvent(bytes pubkey, bytes withdrawal_credentials, bytes amount, bytes signature, bytes index);

    /// @notice Submits a deposit; reverts unless `deposit_data_root` is the SSZ root of the data.
    function deposit(
        bytes calldata pubkey,
        bytes calldata withdrawal_credentials,
        bytes calldata signature,
        bytes32 deposit_data_root
    ) external payable;

    function get_deposit_root() external view returns (bytes32);

    function get_deposit_count() external view returns (bytes memory);
}
